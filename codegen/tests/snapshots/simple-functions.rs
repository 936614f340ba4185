/// The exports of an instance of world `the-world`, with the functions to link its imports and to instantiate it.
pub struct TheWorld {
    instance: ::hoist::component::Instance,
    foo_foo_simple: self::exports::foo::foo::simple::Guest,
}
impl TheWorld {
    /// Registers everything world `the-world` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::foo::foo::simple::Host,
    {
        self::foo::foo::simple::add_to_linker(linker, get)?;
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
        let foo_foo_simple = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/simple",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/simple` in world the-world"
                    )
                })?;
            self::exports::foo::foo::simple::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            foo_foo_simple,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `foo:foo/simple`.
    pub fn foo_foo_simple(&self) -> &self::exports::foo::foo::simple::Guest {
        &self.foo_foo_simple
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod simple {
            //! Bindings generated from WIT, for `foo/foo/simple`.
            /// The host's implementation of the imported interface `foo:foo/simple`.
            pub trait Host {
                /// The WIT function `f1`.
                fn f1(&mut self) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `f2`.
                fn f2(&mut self, a: u32) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `f3`.
                fn f3(&mut self, a: u32, b: u32) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `f4`.
                fn f4(&mut self) -> ::hoist::anyhow::Result<u32>;
                /// The WIT function `f5`.
                fn f5(&mut self) -> ::hoist::anyhow::Result<(u32, u32)>;
                /// The WIT function `f6`.
                fn f6(
                    &mut self,
                    a: u32,
                    b: u32,
                    c: u32,
                ) -> ::hoist::anyhow::Result<(u32, u32, u32)>;
            }
            /// Registers the functions of `foo:foo/simple` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/simple")?;
                inst.func_wrap(
                    "f1",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::f1(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "f2",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (u32,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::f2(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "f3",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0, arg1): (u32, u32),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::f3(host, arg0, arg1)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "f4",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(u32,)> {
                        let host = get(caller.data_mut());
                        let r = Host::f4(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "f5",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<((u32, u32),)> {
                        let host = get(caller.data_mut());
                        let r = Host::f5(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "f6",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0, arg1, arg2): (u32, u32, u32),
                    | -> ::hoist::anyhow::Result<((u32, u32, u32),)> {
                        let host = get(caller.data_mut());
                        let r = Host::f6(host, arg0, arg1, arg2)?;
                        ::core::result::Result::Ok((r,))
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
            pub mod simple {
                //! Bindings generated from WIT, for `exports/foo/foo/simple`.
                /// Typed access to the functions of the exported interface `foo:foo/simple`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    f1_index: ::hoist::component::ComponentExportIndex,
                    f2_index: ::hoist::component::ComponentExportIndex,
                    f3_index: ::hoist::component::ComponentExportIndex,
                    f4_index: ::hoist::component::ComponentExportIndex,
                    f5_index: ::hoist::component::ComponentExportIndex,
                    f6_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/simple` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let f1_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "f1",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `f1` in exported interface `foo:foo/simple`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &f1_index)?;
                        let f2_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "f2",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `f2` in exported interface `foo:foo/simple`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (u32,),
                                (),
                            >(store.as_context_mut(), &f2_index)?;
                        let f3_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "f3",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `f3` in exported interface `foo:foo/simple`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (u32, u32),
                                (),
                            >(store.as_context_mut(), &f3_index)?;
                        let f4_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "f4",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `f4` in exported interface `foo:foo/simple`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (u32,),
                            >(store.as_context_mut(), &f4_index)?;
                        let f5_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "f5",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `f5` in exported interface `foo:foo/simple`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                ((u32, u32),),
                            >(store.as_context_mut(), &f5_index)?;
                        let f6_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "f6",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `f6` in exported interface `foo:foo/simple`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (u32, u32, u32),
                                ((u32, u32, u32),),
                            >(store.as_context_mut(), &f6_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            f1_index,
                            f2_index,
                            f3_index,
                            f4_index,
                            f5_index,
                            f6_index,
                        })
                    }
                    /// The WIT function `f1`.
                    pub fn call_f1(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.f1_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `f2`.
                    pub fn call_f2(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        a: u32,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (u32,),
                                (),
                            >(store.as_context_mut(), &self.f2_index)?;
                        let () = callee.call(store.as_context_mut(), (a,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `f3`.
                    pub fn call_f3(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        a: u32,
                        b: u32,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (u32, u32),
                                (),
                            >(store.as_context_mut(), &self.f3_index)?;
                        let () = callee.call(store.as_context_mut(), (a, b))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `f4`.
                    pub fn call_f4(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<u32> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (u32,),
                            >(store.as_context_mut(), &self.f4_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `f5`.
                    pub fn call_f5(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<(u32, u32)> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                ((u32, u32),),
                            >(store.as_context_mut(), &self.f5_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `f6`.
                    pub fn call_f6(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        a: u32,
                        b: u32,
                        c: u32,
                    ) -> ::hoist::anyhow::Result<(u32, u32, u32)> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (u32, u32, u32),
                                ((u32, u32, u32),),
                            >(store.as_context_mut(), &self.f6_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (a, b, c))?;
                        ::core::result::Result::Ok(ret0)
                    }
                }
            }
        }
    }
}
