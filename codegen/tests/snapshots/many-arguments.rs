/// The exports of an instance of world `the-world`, with the functions to link its imports and to instantiate it.
pub struct TheWorld {
    instance: ::hoist::component::Instance,
    foo_foo_manyarg: self::exports::foo::foo::manyarg::Guest,
}
impl TheWorld {
    /// Registers everything world `the-world` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::foo::foo::manyarg::Host,
    {
        self::foo::foo::manyarg::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `the-world`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `the-world`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `the-world` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        let foo_foo_manyarg = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/manyarg",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/manyarg` in world the-world"
                    )
                })?;
            self::exports::foo::foo::manyarg::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            foo_foo_manyarg,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `foo:foo/manyarg`.
    pub fn foo_foo_manyarg(&self) -> &self::exports::foo::foo::manyarg::Guest {
        &self.foo_foo_manyarg
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod manyarg {
            //! Bindings generated from WIT, for `foo/foo/manyarg`.
            /// The WIT type `big-struct`.
            #[derive(
                ::hoist::component::ComponentType,
                ::hoist::component::Lift,
                ::hoist::component::Lower
            )]
            #[component(record)]
            #[derive(Clone, Debug, PartialEq, Eq)]
            pub struct BigStruct {
                /// The field `a1`.
                pub a1: ::std::string::String,
                /// The field `a2`.
                pub a2: ::std::string::String,
                /// The field `a3`.
                pub a3: ::std::string::String,
                /// The field `a4`.
                pub a4: ::std::string::String,
                /// The field `a5`.
                pub a5: ::std::string::String,
                /// The field `a6`.
                pub a6: ::std::string::String,
                /// The field `a7`.
                pub a7: ::std::string::String,
                /// The field `a8`.
                pub a8: ::std::string::String,
                /// The field `a9`.
                pub a9: ::std::string::String,
                /// The field `a10`.
                pub a10: ::std::string::String,
                /// The field `a11`.
                pub a11: ::std::string::String,
                /// The field `a12`.
                pub a12: ::std::string::String,
                /// The field `a13`.
                pub a13: ::std::string::String,
                /// The field `a14`.
                pub a14: ::std::string::String,
                /// The field `a15`.
                pub a15: ::std::string::String,
                /// The field `a16`.
                pub a16: ::std::string::String,
                /// The field `a17`.
                pub a17: ::std::string::String,
                /// The field `a18`.
                pub a18: ::std::string::String,
                /// The field `a19`.
                pub a19: ::std::string::String,
                /// The field `a20`.
                pub a20: ::std::string::String,
            }
            /// The host's implementation of the imported interface `foo:foo/manyarg`.
            pub trait Host {
                /// The WIT function `many-args`.
                fn many_args(
                    &mut self,
                    a1: u64,
                    a2: u64,
                    a3: u64,
                    a4: u64,
                    a5: u64,
                    a6: u64,
                    a7: u64,
                    a8: u64,
                    a9: u64,
                    a10: u64,
                    a11: u64,
                    a12: u64,
                    a13: u64,
                    a14: u64,
                    a15: u64,
                    a16: u64,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `big-argument`.
                fn big_argument(&mut self, x: BigStruct) -> ::hoist::anyhow::Result<()>;
            }
            /// Registers the functions of `foo:foo/manyarg` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/manyarg")?;
                inst.func_wrap(
                    "many-args",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (
                            arg0,
                            arg1,
                            arg2,
                            arg3,
                            arg4,
                            arg5,
                            arg6,
                            arg7,
                            arg8,
                            arg9,
                            arg10,
                            arg11,
                            arg12,
                            arg13,
                            arg14,
                            arg15,
                        ): (
                            u64,
                            u64,
                            u64,
                            u64,
                            u64,
                            u64,
                            u64,
                            u64,
                            u64,
                            u64,
                            u64,
                            u64,
                            u64,
                            u64,
                            u64,
                            u64,
                        ),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::many_args(
                            host,
                            arg0,
                            arg1,
                            arg2,
                            arg3,
                            arg4,
                            arg5,
                            arg6,
                            arg7,
                            arg8,
                            arg9,
                            arg10,
                            arg11,
                            arg12,
                            arg13,
                            arg14,
                            arg15,
                        )?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "big-argument",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (BigStruct,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::big_argument(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                ::core::result::Result::Ok(())
            }
        }
    }
}
#[allow(clippy::all)]
pub mod exports {
    //! Bindings generated from WIT, for `exports`.
    pub mod foo {
        //! Bindings generated from WIT, for `exports/foo`.
        pub mod foo {
            //! Bindings generated from WIT, for `exports/foo/foo`.
            pub mod manyarg {
                //! Bindings generated from WIT, for `exports/foo/foo/manyarg`.
                /// The WIT type `big-struct`.
                #[derive(
                    ::hoist::component::ComponentType,
                    ::hoist::component::Lift,
                    ::hoist::component::Lower
                )]
                #[component(record)]
                #[derive(Clone, Debug, PartialEq, Eq)]
                pub struct BigStruct {
                    /// The field `a1`.
                    pub a1: ::std::string::String,
                    /// The field `a2`.
                    pub a2: ::std::string::String,
                    /// The field `a3`.
                    pub a3: ::std::string::String,
                    /// The field `a4`.
                    pub a4: ::std::string::String,
                    /// The field `a5`.
                    pub a5: ::std::string::String,
                    /// The field `a6`.
                    pub a6: ::std::string::String,
                    /// The field `a7`.
                    pub a7: ::std::string::String,
                    /// The field `a8`.
                    pub a8: ::std::string::String,
                    /// The field `a9`.
                    pub a9: ::std::string::String,
                    /// The field `a10`.
                    pub a10: ::std::string::String,
                    /// The field `a11`.
                    pub a11: ::std::string::String,
                    /// The field `a12`.
                    pub a12: ::std::string::String,
                    /// The field `a13`.
                    pub a13: ::std::string::String,
                    /// The field `a14`.
                    pub a14: ::std::string::String,
                    /// The field `a15`.
                    pub a15: ::std::string::String,
                    /// The field `a16`.
                    pub a16: ::std::string::String,
                    /// The field `a17`.
                    pub a17: ::std::string::String,
                    /// The field `a18`.
                    pub a18: ::std::string::String,
                    /// The field `a19`.
                    pub a19: ::std::string::String,
                    /// The field `a20`.
                    pub a20: ::std::string::String,
                }
                /// Typed access to the functions of the exported interface `foo:foo/manyarg`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    many_args_index: ::hoist::component::ComponentExportIndex,
                    big_argument_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/manyarg` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let many_args_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "many-args",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `many-args` in exported interface `foo:foo/manyarg`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                ),
                                (),
                            >(store.as_context_mut(), &many_args_index)?;
                        let big_argument_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "big-argument",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `big-argument` in exported interface `foo:foo/manyarg`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (BigStruct,),
                                (),
                            >(store.as_context_mut(), &big_argument_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            many_args_index,
                            big_argument_index,
                        })
                    }
                    /// The WIT function `many-args`.
                    pub fn call_many_args(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        a1: u64,
                        a2: u64,
                        a3: u64,
                        a4: u64,
                        a5: u64,
                        a6: u64,
                        a7: u64,
                        a8: u64,
                        a9: u64,
                        a10: u64,
                        a11: u64,
                        a12: u64,
                        a13: u64,
                        a14: u64,
                        a15: u64,
                        a16: u64,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                    u64,
                                ),
                                (),
                            >(store.as_context_mut(), &self.many_args_index)?;
                        let () = callee
                            .call(
                                store.as_context_mut(),
                                (
                                    a1,
                                    a2,
                                    a3,
                                    a4,
                                    a5,
                                    a6,
                                    a7,
                                    a8,
                                    a9,
                                    a10,
                                    a11,
                                    a12,
                                    a13,
                                    a14,
                                    a15,
                                    a16,
                                ),
                            )?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `big-argument`.
                    pub fn call_big_argument(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: BigStruct,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (BigStruct,),
                                (),
                            >(store.as_context_mut(), &self.big_argument_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                }
            }
        }
    }
}
