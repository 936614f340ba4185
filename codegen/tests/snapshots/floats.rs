/// The exports of an instance of world `the-world`, with the functions to link its imports and to instantiate it.
pub struct TheWorld {
    instance: ::hoist::component::Instance,
    foo_foo_floats: self::exports::foo::foo::floats::Guest,
}
impl TheWorld {
    /// Registers everything world `the-world` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::foo::foo::floats::Host,
    {
        self::foo::foo::floats::add_to_linker(linker, get)?;
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
        let foo_foo_floats = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/floats",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/floats` in world the-world"
                    )
                })?;
            self::exports::foo::foo::floats::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            foo_foo_floats,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `foo:foo/floats`.
    pub fn foo_foo_floats(&self) -> &self::exports::foo::foo::floats::Guest {
        &self.foo_foo_floats
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod floats {
            //! Bindings generated from WIT, for `foo/foo/floats`.
            /// The host's implementation of the imported interface `foo:foo/floats`.
            pub trait Host {
                /// The WIT function `f32-param`.
                fn f32_param(&mut self, x: f32) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `f64-param`.
                fn f64_param(&mut self, x: f64) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `f32-result`.
                fn f32_result(&mut self) -> ::hoist::anyhow::Result<f32>;
                /// The WIT function `f64-result`.
                fn f64_result(&mut self) -> ::hoist::anyhow::Result<f64>;
            }
            /// Registers the functions of `foo:foo/floats` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/floats")?;
                inst.func_wrap(
                    "f32-param",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (f32,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::f32_param(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "f64-param",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (f64,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::f64_param(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "f32-result",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(f32,)> {
                        let host = get(caller.data_mut());
                        let r = Host::f32_result(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "f64-result",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(f64,)> {
                        let host = get(caller.data_mut());
                        let r = Host::f64_result(host)?;
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
            pub mod floats {
                //! Bindings generated from WIT, for `exports/foo/foo/floats`.
                /// Typed access to the functions of the exported interface `foo:foo/floats`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    f32_param_index: ::hoist::component::ComponentExportIndex,
                    f64_param_index: ::hoist::component::ComponentExportIndex,
                    f32_result_index: ::hoist::component::ComponentExportIndex,
                    f64_result_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/floats` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let f32_param_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "f32-param",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `f32-param` in exported interface `foo:foo/floats`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (f32,),
                                (),
                            >(store.as_context_mut(), &f32_param_index)?;
                        let f64_param_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "f64-param",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `f64-param` in exported interface `foo:foo/floats`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (f64,),
                                (),
                            >(store.as_context_mut(), &f64_param_index)?;
                        let f32_result_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "f32-result",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `f32-result` in exported interface `foo:foo/floats`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (f32,),
                            >(store.as_context_mut(), &f32_result_index)?;
                        let f64_result_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "f64-result",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `f64-result` in exported interface `foo:foo/floats`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (f64,),
                            >(store.as_context_mut(), &f64_result_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            f32_param_index,
                            f64_param_index,
                            f32_result_index,
                            f64_result_index,
                        })
                    }
                    /// The WIT function `f32-param`.
                    pub fn call_f32_param(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: f32,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (f32,),
                                (),
                            >(store.as_context_mut(), &self.f32_param_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `f64-param`.
                    pub fn call_f64_param(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        x: f64,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (f64,),
                                (),
                            >(store.as_context_mut(), &self.f64_param_index)?;
                        let () = callee.call(store.as_context_mut(), (x,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `f32-result`.
                    pub fn call_f32_result(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<f32> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (f32,),
                            >(store.as_context_mut(), &self.f32_result_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `f64-result`.
                    pub fn call_f64_result(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<f64> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (f64,),
                            >(store.as_context_mut(), &self.f64_result_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                }
            }
        }
    }
}
